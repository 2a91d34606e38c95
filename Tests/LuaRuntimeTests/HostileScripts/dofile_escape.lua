-- expect: runtime
-- message: global 'dofile'
return dofile("/etc/passwd")
