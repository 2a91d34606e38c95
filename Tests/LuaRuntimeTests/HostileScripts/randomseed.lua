-- expect: runtime
-- message: math.randomseed is not available
math.randomseed(42)
