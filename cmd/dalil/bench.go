package main

import (
	"context"
	"io"
)

func benchCmd(ctx context.Context, args []string, stdout io.Writer) error {
	return usageErr("bench: not built yet")
}
