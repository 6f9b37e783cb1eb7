# zsh -f zsh-complete.zsh LINE: what zsh offers when TAB is pressed at the end of LINE, one word a
# line. An interactive zsh runs on a pseudo-terminal (zpty) with compinit and mistral's completion
# (zsh-rc.zsh: sourced, or installed in $ZT_FPATH); TAB is typed for real and every match the
# completion system adds is recorded by a wrapper around compadd.
zmodload zsh/zpty
export ZT_CAPTURE=$(mktemp) ZT_DONE=$(mktemp -u)
zpty shell zsh -f -i
zpty -w shell "source ${(q)${0:A:h}}/zsh-rc.zsh"
zpty -w -n shell "$1"$'\t'
local output i
for (( i = 0; i < 300; i++ )); do
  [[ -e $ZT_DONE ]] && break
  zpty -rt shell output 2>/dev/null
  sleep 0.05
done
zpty -d shell
if [[ ! -e $ZT_DONE ]]; then
  print -u2 "zsh did not finish completing '$1' within 15 s"
  exit 1
fi
cat $ZT_CAPTURE
rm -f $ZT_CAPTURE $ZT_DONE
