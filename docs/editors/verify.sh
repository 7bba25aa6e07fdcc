#!/usr/bin/env bash
# Runs the Vim (ALE) and Emacs (Flycheck) setups of docs/workflow.md
# headlessly on one file and prints what each editor would show.
#
#   docs/editors/verify.sh TAPE_TIDY BUILD_DIR FILE
#
# Needs vim + vim-ale (Debian: vim-ale) and emacs + flycheck (Debian:
# emacs-nox elpa-flycheck); an editor that is missing is skipped and said so.
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 TAPE_TIDY BUILD_DIR FILE" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
tape_tidy=$(realpath "$1"); build_dir=$(realpath "$2"); file=$(realpath "$3")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0

ale_dir=""
for d in /usr/share/vim-ale "$HOME/.vim/pack/git-plugins/start/ale"; do
  [ -f "$d/plugin/ale.vim" ] && ale_dir=$d && break
done
if command -v vim >/dev/null && [ -n "$ale_dir" ] && command -v script >/dev/null; then
  cat >"$work/vimrc" <<VIM
set nocompatible
set runtimepath^=$ale_dir
filetype plugin on
let g:tape_tidy = '$tape_tidy'
let g:tape_build_dir = '$build_dir'
source $here/ale.vim
" Wait for ALE's lint of this buffer, write its location list, quit.
let s:tries = 0
function! s:Dump(timer) abort
  if ale#engine#IsCheckingBuffer(bufnr('')) && s:tries < 1200
    let s:tries += 1
    return
  endif
  call timer_stop(a:timer)
  call writefile(map(ale#engine#GetLoclist(bufnr('')),
        \ {_, v -> v.lnum . ':' . v.col . ': ' . v.type . ': ' . v.text}), '$work/ale.txt')
  qa!
endfunction
autocmd User ALELintPost call timer_start(100, function('s:Dump'), {'repeat': -1})
VIM
  # Vim needs a terminal; script(1) gives it one.
  timeout 180 script -qec "vim -N -u $work/vimrc -i NONE $file -c ALELint" /dev/null >/dev/null 2>&1 || true
  echo "== Vim + ALE ($ale_dir): location list"
  if [ -f "$work/ale.txt" ]; then cat "$work/ale.txt"; else echo "(no result: ALE did not finish)"; status=1; fi
else
  echo "== Vim + ALE: skipped (vim, ALE or script(1) not installed)"
fi

if command -v emacs >/dev/null; then
  echo "== Emacs + Flycheck: flycheck-current-errors"
  emacs --batch --eval "
(progn
  (package-initialize)
  (require 'flycheck)
  (load \"$here/tape-tidy-flycheck.el\" nil t)
  (setq flycheck-c++-tape-tidy-executable \"$tape_tidy\")
  (setq flycheck-tape-tidy-build-dir \"$build_dir\")
  (find-file \"$file\")
  (c++-mode)
  (flycheck-mode 1)
  (setq flycheck-checker 'c++-tape-tidy)
  (flycheck-buffer)
  (let ((deadline (+ (float-time) 180)))
    (while (and (flycheck-running-p) (< (float-time) deadline))
      (accept-process-output nil 0.2)))
  (dolist (e flycheck-current-errors)
    (princ (format \"%d:%d: %s: %s\n\" (flycheck-error-line e) (or (flycheck-error-column e) 0)
                   (flycheck-error-level e) (flycheck-error-message e)))))" 2>"$work/emacs.err" || {
    echo "(emacs failed)"; cat "$work/emacs.err"; status=1; }
else
  echo "== Emacs + Flycheck: skipped (emacs not installed)"
fi
exit $status
