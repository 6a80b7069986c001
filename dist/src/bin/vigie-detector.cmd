@echo off
rem vigie-detector: see --help. JVM options: VIGIE_JAVA_OPTS.
setlocal
rem One thread does the work on a small heap: the Serial collector, its young generation a sixth of the heap
rem (docs/benchmarks.md). A collector chosen in VIGIE_JAVA_OPTS, JDK_JAVA_OPTIONS or JAVA_TOOL_OPTIONS is used
rem instead (two would stop the JVM).
echo(%VIGIE_JAVA_OPTS% %JDK_JAVA_OPTIONS% %JAVA_TOOL_OPTIONS% | findstr /R /C:"-XX:+Use[A-Za-z0-9]*GC" >nul || set "VIGIE_JAVA_OPTS=-XX:+UseSerialGC -XX:NewRatio=5 %VIGIE_JAVA_OPTS%"
set "VIGIE_MAIN=org.vigie.detector.DetectorCommand"
call "%~dp0vigie-java.cmd" %*
exit /b %ERRORLEVEL%
