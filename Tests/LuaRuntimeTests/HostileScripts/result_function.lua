-- expect: conversion
-- message: result.handler: a function cannot be stored in JSON
return { handler = function() end }
