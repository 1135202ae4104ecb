module example.com/private

go 1.23

require (
	example.test/greet v1.0.0
	example.test/private/secret v1.0.0
)
