package knowledge

import (
	"embed"
	"io/fs"
)

//go:embed sample/*.yaml
var sampleFiles embed.FS

// Sample returns the embedded sample knowledge base: the YAML records of the
// sample directory, at the root of the returned file system, ready for Load.
func Sample() fs.FS {
	sub, err := fs.Sub(sampleFiles, "sample")
	if err != nil {
		// fs.Sub fails only on an invalid path, and "sample" is a constant.
		panic("knowledge: embedded sample: " + err.Error())
	}
	return sub
}
