-- expect: conversion
-- message: nested deeper than
local t = {}
local cursor = t
for _ = 1, 500 do cursor.next = {}; cursor = cursor.next end
return t
