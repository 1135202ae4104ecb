module example.com/cgohello

go 1.23

require example.test/greet v1.0.0
