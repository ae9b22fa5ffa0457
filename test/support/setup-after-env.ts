// Loading Nest's ESM entry points first avoids "require() of ES Module in a cycle" when a
// test file's imports reach them through a CommonJS dependency.
import 'reflect-metadata';
import '@nestjs/common';
import '@nestjs/core';
