package memstore

import (
	"testing"

	authtest "github.com/dalil-project/dalil/auth/storetest"
	"github.com/dalil-project/dalil/editor"
	kbtest "github.com/dalil-project/dalil/editor/storetest"
)

func TestKBContract(t *testing.T) {
	kbtest.Run(t, func(t *testing.T) editor.Store { return NewKB() })
}

func TestAccountsContract(t *testing.T) {
	authtest.Run(t, NewAccounts())
}
