" ALE (Vim/Neovim) running tapecheck's tape-* checks through tape-tidy.
" Source it from your vimrc, or copy the settings; adjust the two paths.
" ALE's clangtidy linter finds compile_commands.json in g:ale_c_build_dir.
let g:ale_linters = get(g:, 'ale_linters', {})
let g:ale_linters.cpp = ['clangtidy']
let g:ale_cpp_clangtidy_executable = get(g:, 'tape_tidy', 'tape-tidy')
let g:ale_cpp_clangtidy_checks = ['-*', 'tape-*']
if exists('g:tape_build_dir')
  let g:ale_c_build_dir = g:tape_build_dir
endif
