# Sourced by the interactive zsh of zsh-complete.zsh: what a user's .zshrc would hold, plus the
# recording of matches.
PS1='' RPS1=''
# Installed as a file in $fpath (`mistral completion zsh > dir/_mistral`): the directory must come
# before compinit runs, and before zsh's own directories (Debian's _openstack also claims mistral).
[[ -n $ZT_FPATH ]] && fpath=($ZT_FPATH $fpath)
autoload -Uz compinit && compinit -u -D
[[ -z $ZT_FPATH ]] && source <(mistral completion zsh)
# A long listing would ask "do you wish to see all N possibilities?" and wait for a key.
LISTMAX=100000
compadd() {
  setopt localoptions extendedglob
  local __zt_arg
  for __zt_arg in "$@"; do
    [[ $__zt_arg == (-|--) ]] && break
    # -O, -A and -D only compute matches into an array; nothing is offered.
    if [[ $__zt_arg == -[a-zA-Z0-9]#[OAD][a-zA-Z0-9]# ]]; then
      builtin compadd "$@"
      return
    fi
  done
  # A name of its own: `compadd -a NAME` reads the caller's array, which a local would hide.
  local -a __zt_offered
  builtin compadd -O __zt_offered "$@"
  (( ${#__zt_offered} )) && print -rl -- $__zt_offered >>$ZT_CAPTURE
  builtin compadd "$@"
}
_zt_complete() {
  zle complete-word
  print -n >$ZT_DONE
}
zle -N _zt_complete
bindkey '^I' _zt_complete
