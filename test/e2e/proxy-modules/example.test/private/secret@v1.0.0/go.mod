module example.test/private/secret

go 1.21
