-- expect: conversion
-- message: result.name: string is not valid UTF-8
return { name = "\xff\xfe" }
