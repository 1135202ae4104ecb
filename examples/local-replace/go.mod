module example.com/app

go 1.22

require (
	example.com/shared v0.0.0-00010101000000-000000000000
	golang.org/x/text v0.14.0
)

replace example.com/shared => ./shared
