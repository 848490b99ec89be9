// Package files keeps attachment bytes, content-addressed, under a directory every instance
// shares (object storage would be another implementation of cases.FileStore).
package files

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/szxinfang/xinfang/service/cases"
)

var _ cases.FileStore = DiskFiles{}

// DiskFiles keeps attachments under a directory, content-addressed.
type DiskFiles struct{ Dir string }

func (d DiskFiles) path(key string) (string, error) {
	clean := filepath.Clean(filepath.FromSlash(key))
	if strings.HasPrefix(clean, "..") || filepath.IsAbs(clean) {
		return "", errors.New("bad attachment key")
	}
	return filepath.Join(d.Dir, clean), nil
}

func (d DiskFiles) Put(_ context.Context, key string, r io.Reader) (int64, error) {
	p, err := d.path(key)
	if err != nil {
		return 0, err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return 0, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".upload-*")
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(tmp, r)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp.Name())
		return 0, err
	}
	return n, os.Rename(tmp.Name(), p)
}

func (d DiskFiles) Open(_ context.Context, key string) (io.ReadCloser, error) {
	p, err := d.path(key)
	if err != nil {
		return nil, err
	}
	return os.Open(p)
}
