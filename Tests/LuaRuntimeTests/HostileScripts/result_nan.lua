-- expect: conversion
-- message: result.ratio: NaN cannot be stored in JSON
return { ratio = 0/0 }
