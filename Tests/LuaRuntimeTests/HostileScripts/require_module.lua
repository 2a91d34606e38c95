-- expect: runtime
-- message: global 'require'
local os = require("os")
return os.getenv("HOME")
