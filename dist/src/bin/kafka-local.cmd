@echo off
rem kafka-local start|stop|status: a single-node Kafka broker on this machine, for trying Vigie (see --help). JVM options: VIGIE_JAVA_OPTS.
setlocal
set "VIGIE_MAIN=org.vigie.tools.KafkaLocal"
call "%~dp0vigie-java.cmd" %*
exit /b %ERRORLEVEL%
