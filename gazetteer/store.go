package gazetteer

import (
	"errors"
	"sync/atomic"
)

// Store holds the current Matcher and swaps in a new one atomically, so a
// reloaded gazetteer takes effect between two pages without stopping the
// stream. The zero Store is empty; use NewStore.
type Store struct {
	cur atomic.Pointer[Matcher]
}

// NewStore returns a Store holding m.
func NewStore(m *Matcher) *Store {
	s := &Store{}
	s.cur.Store(m)
	return s
}

// Matcher returns the current matcher. Callers keep the one they got for
// a whole page, so one event never mixes two gazetteer versions.
func (s *Store) Matcher() *Matcher { return s.cur.Load() }

// Swap installs m and returns the matcher it replaced.
func (s *Store) Swap(m *Matcher) (*Matcher, error) {
	if m == nil {
		return nil, errors.New("gazetteer: swap in a nil matcher")
	}
	return s.cur.Swap(m), nil
}
