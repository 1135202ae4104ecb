module example.test/strutil

go 1.21
