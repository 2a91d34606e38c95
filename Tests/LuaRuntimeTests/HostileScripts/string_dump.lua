-- expect: runtime
-- message: field 'dump'
return string.dump(function() return 1 end)
