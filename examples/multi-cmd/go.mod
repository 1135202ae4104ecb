module example.com/shop

go 1.23.0

toolchain go1.23.4

require github.com/google/uuid v1.6.0
