@echo off
rem vigie-plotter: see --help. JVM options: VIGIE_JAVA_OPTS.
setlocal
set "VIGIE_MAIN=org.vigie.plotter.PlotterCommand"
call "%~dp0vigie-java.cmd" %*
exit /b %ERRORLEVEL%
