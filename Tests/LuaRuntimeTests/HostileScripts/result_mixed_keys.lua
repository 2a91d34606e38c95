-- expect: conversion
-- message: mixes string keys with array items
return { 1, 2, name = "mixed" }
