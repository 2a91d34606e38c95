-- expect: runtime
-- message: global 'debug'
return debug.getregistry()
