# bash completion for ecsim and ecsim-mpi: commands, each command's options,
# strategy names (with those of the --plugin files named), scenario paths
# for --set and --param (from the scenario on the line), files and folders.
# The candidates come from the program itself ('ecsim complete KIND'), so
# this file knows no command, option or strategy of its own.
#
# Installed by 'make install' as PREFIX/share/bash-completion/completions/ecsim
# (loaded on demand by the bash-completion package); without it:
#   source scripts/completion/ecsim.bash
# Needs bash 4 and nothing else.

# The candidates of kind (ecsim complete ...) that start with the word.
_ecsim_words()
{
	local word=$1
	shift
	local IFS=$'\n'
	COMPREPLY+=($(compgen -W "$("$@" 2>/dev/null)" -- "$word"))
}

# A chain "a,b:field,c" (or a list "x;y" with sep ';,'): strategy names for
# its last step, each after the steps before it.
_ecsim_chain()
{
	local val=$1 seps=$2 head part name
	shift 2
	part=${val##*[$seps]}
	head=${val%"$part"}
	[[ $part == *:* ]] && return 0 # a field: free text
	if [[ $seps == *';'* && $part == *=* ]]; then # LABEL=SPEC
		head+=${part%%=*}=
		part=${part#*=}
	fi
	for name in $("$@" 2>/dev/null); do
		[[ $name == "$part"* ]] && COMPREPLY+=("$head$name")
	done
	# 'scenario' is a whole item of a list, not a step of a chain
	[[ $seps == *';'* && $head != *, && scenario == "$part"* ]] && COMPREPLY+=("${head}scenario")
	return 0
}

_ecsim()
{
	local bin=${COMP_WORDS[0]} cur prev cmd opt= val= pre= kind choices scen= i w
	local -a words plugins=()
	local cword

	# Words split at blanks only: bash also splits at '=' and ':', which
	# --set PATH=VALUE and spread:attribute:... contain.
	if [[ -n ${COMP_LINE-} ]]; then
		local line=${COMP_LINE:0:COMP_POINT}
		read -ra words <<<"$line"
		[[ -z $line || $line == *[[:space:]] ]] && words+=("")
	else
		words=("${COMP_WORDS[@]:0:COMP_CWORD+1}")
	fi
	cword=$((${#words[@]} - 1))
	cur=${words[cword]}
	prev=
	((cword > 0)) && prev=${words[cword - 1]}
	[[ $bin == "~"* ]] && bin=$HOME${bin#"~"}
	COMPREPLY=()

	if ((cword <= 1)); then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W '--help --version' -- "$cur"))
		else
			_ecsim_words "$cur" "$bin" complete commands
		fi
		return 0
	fi
	cmd=${words[1]}
	for ((i = 2; i < cword; i++)); do
		w=${words[i]}
		[[ -z $scen && $w == *.json && -f $w ]] && scen=$w
		[[ ${words[i - 1]} == --plugin ]] && plugins+=("$w")
		[[ $w == --plugin=* ]] && plugins+=("${w#--plugin=}")
	done

	# The value of an option: --name=VAL, or the word after --name or -x.
	if [[ $cur == --*=* ]]; then
		opt=${cur%%=*} val=${cur#*=} pre=$opt=
	elif [[ $prev == --?* ]]; then
		opt=$prev val=$cur
	elif [[ $prev == -[!-]* ]]; then
		opt=-${prev: -1} val=$cur
	fi
	kind=
	[[ -n $opt ]] && kind=$("$bin" complete value "$cmd" "$opt" 2>/dev/null)
	val=${val#[\'\"]}
	case ${kind%% *} in
	dir)
		COMPREPLY=($(compgen -d -- "$val"))
		compopt -o filenames 2>/dev/null
		;;
	file)
		COMPREPLY=($(compgen -f -- "$val"))
		compopt -o filenames 2>/dev/null
		;;
	plugin)
		COMPREPLY=($(compgen -d -- "$val") $(compgen -f -X '!*.so' -- "$val"))
		compopt -o filenames 2>/dev/null
		;;
	strategy)
		_ecsim_chain "$val" ',' "$bin" complete strategies "${plugins[@]}"
		;;
	strategies)
		_ecsim_chain "$val" ';,' "$bin" complete strategies "${plugins[@]}"
		;;
	key)
		if [[ $val != *=* ]]; then
			local IFS=$'\n' k
			for k in $("$bin" complete keys ${scen:+"$scen"} 2>/dev/null); do
				[[ $k == "$val"* ]] && COMPREPLY+=("$k=")
			done
			compopt -o nospace 2>/dev/null
		fi
		;;
	choice)
		choices=${kind#choice}
		COMPREPLY=($(compgen -W "$choices" -- "$val"))
		;;
	none | '')
		if [[ $cur == -* ]]; then
			_ecsim_words "$cur" "$bin" complete options "$cmd"
		else
			case $cmd in
			help) _ecsim_words "$cur" "$bin" complete commands ;;
			run | validate | compare | sweep | size)
				COMPREPLY=($(compgen -d -- "$cur") $(compgen -f -X '!*.json' -- "$cur"))
				compopt -o filenames 2>/dev/null
				;;
			esac
		fi
		return 0
		;;
	*) # text, number: nothing to offer
		return 0
		;;
	esac
	# Put back what came before the value, then drop what bash does not
	# replace: the text up to the last of its word-break characters.
	local break=${COMP_WORDBREAKS// /} n
	break=${break//$'\t'/}
	break=${break//$'\n'/}
	for n in "${!COMPREPLY[@]}"; do
		w=$pre${COMPREPLY[n]}
		if [[ -n ${COMP_LINE-} && -n $break && $cur != [\'\"]* && $cur == *[$break]* ]]; then
			local keep=${cur%[$break]*}
			# a break character after a backslash does not break
			[[ $keep != *\\ ]] && w=${w#"$keep"?}
		fi
		COMPREPLY[n]=$w
	done
	return 0
}

complete -F _ecsim ecsim ecsim-mpi
