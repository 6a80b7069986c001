@echo off
rem vigie-detector: see --help. JVM options: VIGIE_JAVA_OPTS.
setlocal
set "VIGIE_MAIN=org.vigie.detector.DetectorCommand"
call "%~dp0vigie-java.cmd" %*
exit /b %ERRORLEVEL%
