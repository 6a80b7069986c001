@echo off
rem vigie-simulate: a simulated Arduino on a virtual serial port, to try the producer without hardware (Linux, macOS; see --help). JVM options: VIGIE_JAVA_OPTS.
setlocal
set "VIGIE_MAIN=org.vigie.tools.ArduinoSimulator"
call "%~dp0vigie-java.cmd" %*
exit /b %ERRORLEVEL%
