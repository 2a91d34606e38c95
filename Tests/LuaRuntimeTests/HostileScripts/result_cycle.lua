-- expect: conversion
-- message: result.self: the table contains itself
local t = {}
t.self = t
return t
