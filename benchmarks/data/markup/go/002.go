package main

import (
	"fmt"
	"os"
	"strings"
)

/*
Command datelines prints datelines for a list of cities.

	datelines kiev kharkov odessa

prints KYIV, KHARKIV and ODESA. Cities outside Ukraine (Odessa, Texas) are printed
as given.
*/

var house = map[string]string{
	"kiev":    "KYIV",
	"kharkov": "KHARKIV",
	"odessa":  "ODESA",
	"lvov":    "LVIV",
}

func main() {
	for _, arg := range os.Args[1:] {
		// Unknown cities, say Nikolaev before it is added, fall back to upper case.
		if d, ok := house[strings.ToLower(arg)]; ok {
			fmt.Println(d)
		} else {
			fmt.Println(strings.ToUpper(arg))
		}
	}
}
