# Build options, all in one place.
option(DRIFTWATCH_BUILD_TESTS "Build the test suite" ON)
option(DRIFTWATCH_WARNINGS_AS_ERRORS "Treat compiler warnings as errors" ON)
option(DRIFTWATCH_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
