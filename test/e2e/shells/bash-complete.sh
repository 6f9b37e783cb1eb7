# bash bash-complete.sh LINE: what bash offers when TAB is pressed at the end of LINE, one word a
# line. Loads bash-completion (unless WITHOUT_BASH_COMPLETION is set) and `mistral completion bash`
# as a user's bashrc would, fills COMP_LINE/COMP_POINT/COMP_WORDS/COMP_CWORD as readline does,
# calls the function that `complete -p mistral` names, and prints COMPREPLY.
[[ -n ${WITHOUT_BASH_COMPLETION:-} ]] || source /usr/share/bash-completion/bash_completion
source <(mistral completion bash)
COMP_LINE=$1
COMP_POINT=${#COMP_LINE}
# Readline splits at blanks and at each = (it is in COMP_WORDBREAKS); after a blank the word being
# completed is empty.
read -ra COMP_WORDS <<<"${COMP_LINE//=/ = }"
[[ $COMP_LINE == *' ' ]] && COMP_WORDS+=('')
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
spec=$(complete -p mistral) || exit 1
function=${spec##*-F }
function=${function%% *}
COMPREPLY=()
"$function" mistral "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
(( ${#COMPREPLY[@]} )) && printf '%s\n' "${COMPREPLY[@]}"
exit 0
