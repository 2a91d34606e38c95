-- expect: conversion
-- message: has a boolean key
return { [true] = 1 }
