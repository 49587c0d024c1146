package exports_test

import (
	"testing"

	"github.com/kncu/plenary/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }
