;;; tape-tidy-flycheck.el --- Flycheck checker for tapecheck's tape-tidy  -*- lexical-binding: t; -*-

;; Flycheck has no clang-tidy checker of its own; this defines one that runs
;; tape-tidy (clang-tidy with the tape-* checks) on the saved file, using the
;; project's compile_commands.json.
;;
;;   (require 'flycheck)
;;   (load "/path/to/tapecheck/docs/editors/tape-tidy-flycheck.el")
;;   (setq flycheck-c++-tape-tidy-executable "/path/to/build/tool/tape-tidy")
;;   (setq flycheck-tape-tidy-build-dir "/path/to/your/build")  ; has compile_commands.json
;;   (add-hook 'c++-mode-hook #'flycheck-mode)
;;
;; tape-tidy analyses the file on disk, so results follow saves.

(require 'flycheck)

(flycheck-def-option-var flycheck-tape-tidy-build-dir nil c++-tape-tidy
  "Directory holding compile_commands.json, passed to tape-tidy as -p."
  :type '(choice (const :tag "Search upwards from the file" nil)
                 (directory :tag "Build directory"))
  :safe #'stringp)

(flycheck-def-option-var flycheck-tape-tidy-checks "-*,tape-*" c++-tape-tidy
  "The -checks= value passed to tape-tidy."
  :type 'string
  :safe #'stringp)

(flycheck-define-checker c++-tape-tidy
  "tapecheck's tape-* checks, run through tape-tidy."
  :command ("tape-tidy"
            "--quiet"
            (option "-checks=" flycheck-tape-tidy-checks concat)
            (option "-p=" flycheck-tape-tidy-build-dir concat)
            source-original)
  :error-patterns
  ((error line-start (file-name) ":" line ":" column ": error: "
          (message (one-or-more not-newline)) line-end)
   (warning line-start (file-name) ":" line ":" column ": warning: "
            (message (one-or-more not-newline)) line-end)
   (info line-start (file-name) ":" line ":" column ": note: "
         (message (one-or-more not-newline)) line-end))
  :predicate flycheck-buffer-saved-p
  :modes (c++-mode c++-ts-mode))

(add-to-list 'flycheck-checkers 'c++-tape-tidy t)

(provide 'tape-tidy-flycheck)
;;; tape-tidy-flycheck.el ends here
