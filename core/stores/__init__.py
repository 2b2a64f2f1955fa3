"""Storage back ends: one small interface, one implementation per kind of bucket."""
