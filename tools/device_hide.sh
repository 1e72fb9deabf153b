#!/bin/bash
# Keep the tracked weight packs (backend/assets: ~250 MB) and the bulky logs out of a device call's copy of the
# working tree (64 MiB travel with a call, carried folders included): `hide` untracks them in the index only and
# lists them in .git/info/exclude; `show` undoes both. The files stay on disk. Never commit while hidden.
#   tools/device_hide.sh hide [PATHS...]   (default: backend/assets runs docs bench)
#   tools/device_hide.sh show
set -e
cd "$(git rev-parse --show-toplevel)"
paths=${*:2}
paths=${paths:-backend/assets runs docs bench}
case "$1" in
  hide)
    for p in $paths; do
      git rm -r -q --cached "$p"
      echo "/$p/" >> .git/info/exclude
    done
    echo "hidden: $paths (run '$0 show' before any commit)";;
  show)
    git reset -q -- .
    for p in backend/assets runs docs bench $paths; do
      sed -i "\\#^/$p/\$#d" .git/info/exclude
    done
    git status --short | head -5
    echo "shown";;
  *) echo "usage: $0 hide [PATHS...] | show" >&2; exit 2;;
esac
