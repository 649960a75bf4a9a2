package staff

import (
	"embed"
	"io/fs"

	"github.com/dalil-project/dalil/internal/consolekit"
)

//go:embed console
var consoleFiles embed.FS

// Console returns the staff console: plain HTML, CSS and JavaScript with no
// external resources, the console kit's files among them, served by
// transport at /staff/.
func Console() fs.FS { return consolekit.Console(consoleFiles, "console") }
