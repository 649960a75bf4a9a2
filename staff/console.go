package staff

import (
	"embed"
	"io/fs"
)

//go:embed console
var consoleFiles embed.FS

// Console returns the staff console: plain HTML, CSS and JavaScript with no
// external resources, served by transport at /staff/.
func Console() fs.FS {
	sub, err := fs.Sub(consoleFiles, "console")
	if err != nil {
		panic("staff: embedded console: " + err.Error()) // a constant path
	}
	return sub
}
