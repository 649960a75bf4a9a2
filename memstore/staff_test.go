package memstore_test

import (
	"testing"

	"github.com/dalil-project/dalil/memstore"
	"github.com/dalil-project/dalil/staff/storetest"
)

func TestStaffContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Stores {
		chat := memstore.New()
		s := memstore.NewStaff(chat)
		return storetest.Stores{Staff: s, Chat: chat, Queue: s, Notifier: s}
	})
}
