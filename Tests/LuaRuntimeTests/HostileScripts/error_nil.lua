-- expect: runtime
-- message: (error object is a nil value)
error()
