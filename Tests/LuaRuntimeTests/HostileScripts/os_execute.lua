-- expect: runtime
-- message: global 'os'
return os.execute("id")
