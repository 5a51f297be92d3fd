// verikb-progress.js — (issue 16: being written)
