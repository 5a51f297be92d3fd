// verikb-offline.js — (issue 16: being written)
