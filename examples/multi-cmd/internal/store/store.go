// Package store keeps orders in memory.
package store

import (
	"sync"

	"github.com/google/uuid"
)

type Store struct {
	mu     sync.Mutex
	orders []string
}

func New() *Store { return &Store{} }

func (s *Store) NewOrder() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := uuid.NewString()
	s.orders = append(s.orders, id)
	return id
}

func (s *Store) Drain() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := len(s.orders)
	s.orders = nil
	return n
}
