// The scripts `mistral completion bash|zsh|fish` prints. Each is only glue: it hands the words
// typed so far to `mistral __complete --` (complete.ts) and turns the answer (candidates, then
// `:<directive>`, cobra's protocol) into what its shell expects. The `--` is for Node 20, which
// reads an `--env-file` anywhere in argv, even after the script, and exits when the file does not
// exist (a half-typed path); it stops looking at `--`. They are sourced or installed by
// the user (README "Shell completion"); nothing here edits a file. The directives they read: 1 =
// offer nothing, 4 = no file names; with no candidates and neither bit, they offer file names.

/** The hidden entry the scripts call. */
export const COMPLETE_COMMAND = '__complete';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

const PROGRAM = 'mistral';

// Uses bash-completion's _init_completion and _filedir when loaded (Debian's bash-completion
// package), so `--format=json` and `a:b` stay one word; plain COMP_WORDS and compgen otherwise.
const BASH = `# bash completion for ${PROGRAM}: source <(${PROGRAM} completion bash)
_${PROGRAM}_completion() {
    local cur words cword
    if declare -F _init_completion >/dev/null 2>&1; then
        _init_completion -n =: || return
    else
        cur=\${COMP_WORDS[COMP_CWORD]} words=("\${COMP_WORDS[@]}") cword=$COMP_CWORD
    fi
    COMPREPLY=()
    # The word as the shell will read it: the backslashes of a part inserted quoted come off.
    local typed= rest=$cur head
    while [[ $rest == *'\\'* ]]; do
        head=\${rest%%'\\'*}
        typed+=$head\${rest:\${#head}+1:1}
        rest=\${rest:\${#head}+2}
    done
    typed+=$rest
    local out
    out=$("\${words[0]}" ${COMPLETE_COMMAND} -- "\${words[@]:1:cword-1}" "$typed" 2>/dev/null) || return
    local -a lines
    mapfile -t lines <<<"$out"
    local directive=\${lines[-1]#:}
    unset 'lines[-1]'
    [[ $directive =~ ^[0-9]+$ ]] && (( (directive & 1) == 0 )) || return
    # Readline inserts a candidate as it is: quoted here, a server's name stays one literal word.
    local tab=$'\\t' line quoted
    for line in "\${lines[@]}"; do
        printf -v quoted '%q' "\${line%%"$tab"*}"
        COMPREPLY+=("$quoted")
    done
    if (( \${#COMPREPLY[@]} == 0 && (directive & 4) == 0 )); then
        [[ $cur == -*=* ]] && cur=\${cur#*=}
        if declare -F _filedir >/dev/null 2>&1; then
            _filedir
        else
            compopt -o filenames
            mapfile -t COMPREPLY < <(compgen -f -- "$cur")
        fi
        return
    fi
    # Readline replaces only what follows the last = or : (when COMP_WORDBREAKS has them).
    local sep
    for sep in = :; do
        if [[ $cur == *"$sep"* && $COMP_WORDBREAKS == *"$sep"* ]]; then
            head=\${cur%"\${cur##*"$sep"}"}
            COMPREPLY=("\${COMPREPLY[@]#"$head"}")
        fi
    done
}
complete -F _${PROGRAM}_completion ${PROGRAM}
`;

// Works autoloaded from $fpath (the file is the function's body: it defines _mistral and calls it)
// and sourced after compinit (it registers _mistral with compdef).
const ZSH = `#compdef ${PROGRAM}
# zsh completion for ${PROGRAM}: ${PROGRAM} completion zsh > "\${fpath[1]}/_${PROGRAM}"
_${PROGRAM}() {
    local out directive line tab=$'\\t'
    local -a lines matches shown
    out=$(\${words[1]} ${COMPLETE_COMMAND} -- "\${(@Q)words[2,CURRENT-1]}" "\${(Q)PREFIX}" 2>/dev/null) || return 1
    lines=("\${(@f)out}")
    directive=\${lines[-1]#:}
    lines=("\${(@)lines[1,-2]}")
    [[ $directive == <-> ]] && (( (directive & 1) == 0 )) || return 1
    for line in $lines; do
        matches+=("\${line%%$tab*}")
        if [[ $line == *$tab* ]]; then shown+=("\${line%%$tab*}  -- \${line#*$tab}"); else shown+=("$line"); fi
    done
    if (( \${#matches} )); then
        compadd -l -d shown -a matches
    elif (( (directive & 4) == 0 )); then
        compset -P 1 '--*='
        _files
    else
        return 1
    fi
}
if [[ $funcstack[1] == _${PROGRAM} ]]; then
    _${PROGRAM} "$@"
else
    compdef _${PROGRAM} ${PROGRAM}
fi
`;

const FISH = `# fish completion for ${PROGRAM}: ${PROGRAM} completion fish | source
function __${PROGRAM}_complete
    set -l words (commandline -opc)
    set -l current (commandline -ct | string unescape)
    set -l out ($words[1] ${COMPLETE_COMMAND} -- $words[2..-1] $current 2>/dev/null)
    or return
    set -l directive (string replace -- ':' '' $out[-1])
    set -e out[-1]
    string match -qr -- '^[0-9]+$' $directive; and test (math "bitand($directive, 1)") -eq 0; or return
    if set -q out[1]
        printf '%s\\n' $out
    else if test (math "bitand($directive, 4)") -eq 0
        set -l head (string match -r -- '^--[^=]*=' $current)
        __fish_complete_path (string replace -- "$head" '' $current) | string replace -r -- '^' "$head"
    end
end
complete -c ${PROGRAM} -f -a '(__${PROGRAM}_complete)'
`;

const SCRIPTS: Record<Shell, string> = { bash: BASH, zsh: ZSH, fish: FISH };

export function completionScript(shell: Shell): string {
  return SCRIPTS[shell];
}
