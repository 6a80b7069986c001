@echo off
rem vigie-producer: see --help. JVM options: VIGIE_JAVA_OPTS.
setlocal
set "VIGIE_MAIN=org.vigie.producer.ProducerCommand"
call "%~dp0vigie-java.cmd" %*
exit /b %ERRORLEVEL%
