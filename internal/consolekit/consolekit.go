package consolekit

import (
	"embed"
	"io"
	"io/fs"
	"slices"
	"strings"
)

// Names of the kit's files, as a console's index.html loads them.
const (
	Script = "kit.js"
	Style  = "kit.css"
)

//go:embed kit.js kit.css
var kitFiles embed.FS

// Console returns the console embedded in files under dir, with the kit's
// files beside its own (see With). It panics on a dir that is not there:
// both are constants of the caller's go:embed.
func Console(files fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(files, dir)
	if err == nil {
		_, err = fs.Stat(sub, "index.html")
	}
	if err != nil {
		panic("consolekit: embedded console " + dir + ": " + err.Error())
	}
	return With(sub)
}

// With returns console with kit.js and kit.css in its top folder. The kit
// wins over a file of the same name in console: a console that shipped its
// own kit.js would silently not be the kit the other console runs.
func With(console fs.FS) fs.FS {
	return overlay{console}
}

type overlay struct{ console fs.FS }

func (o overlay) Open(name string) (fs.File, error) {
	switch {
	case !fs.ValidPath(name):
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	case isKit(name):
		return kitFiles.Open(name)
	case name != ".":
		return o.console.Open(name)
	}
	f, err := o.console.Open(".")
	if err != nil {
		return nil, err
	}
	d, ok := f.(fs.ReadDirFile)
	if !ok {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	return &root{ReadDirFile: d}, nil
}

func isKit(name string) bool { return name == Script || name == Style }

// root is the console's top folder with the kit's two entries in place
// of any the console has of the same names, so that listing it agrees
// with what Open finds.
type root struct {
	fs.ReadDirFile
	read    bool          // entries has been filled
	entries []fs.DirEntry // what ReadDir has yet to return
}

func (r *root) ReadDir(n int) ([]fs.DirEntry, error) {
	if !r.read {
		r.read = true
		own, err := r.ReadDirFile.ReadDir(-1)
		if err != nil {
			return nil, err
		}
		kit, err := fs.ReadDir(kitFiles, ".")
		if err != nil {
			return nil, err
		}
		own = slices.DeleteFunc(own, func(e fs.DirEntry) bool { return isKit(e.Name()) })
		r.entries = append(own, kit...)
		slices.SortFunc(r.entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	}
	if n <= 0 {
		all := r.entries
		r.entries = nil
		return all, nil
	}
	if len(r.entries) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(r.entries))
	page := r.entries[:n]
	r.entries = r.entries[n:]
	return page, nil
}
