module example.com/hello

go 1.23

require example.test/greet v1.0.0
