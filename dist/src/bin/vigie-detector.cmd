@echo off
rem vigie-detector: see --help. JVM options: VIGIE_JAVA_OPTS.
setlocal
rem One thread does the work on a small heap: the Serial collector, its young generation a sixth of the heap
rem (docs/benchmarks.md). A collector named in VIGIE_JAVA_OPTS is used instead.
echo.%VIGIE_JAVA_OPTS% | findstr /C:"GC" >nul || set "VIGIE_JAVA_OPTS=-XX:+UseSerialGC -XX:NewRatio=5 %VIGIE_JAVA_OPTS%"
set "VIGIE_MAIN=org.vigie.detector.DetectorCommand"
call "%~dp0vigie-java.cmd" %*
exit /b %ERRORLEVEL%
